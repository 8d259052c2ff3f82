/**
 * The adoption round trip on every case of fixtures/roundtrip/<case>/ (old.sql, new.sql, and
 * check.sql where data matters), on PostgreSQL 18, 15 and the embedded database: load old into
 * A and new into B, pull B, apply the pull to A; the apply succeeds, A then plans nothing, a
 * pull of A equals the pull of B, the rows check.sql reads agree, and on PostgreSQL 15
 * `pg_dump --schema-only` of A equals B's (test/helpers/roundtrip.ts). This file runs the
 * first half of the cases; test/roundtrip-second-half.test.ts the other.
 */
import { roundTripSuite } from './helpers/roundtrip-suite.js';

roundTripSuite(0, 2);
