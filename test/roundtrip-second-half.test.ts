/** The adoption round trip (see test/roundtrip.test.ts): the second half of the cases. */
import { roundTripSuite } from './helpers/roundtrip-suite.js';

roundTripSuite(1, 2);
