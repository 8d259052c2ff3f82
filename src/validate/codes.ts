/**
 * Diagnostic codes of validation: the JSON Schema (`schema_*`) and the rules a schema cannot
 * express. Stable: documented in docs/errors.md, matched on by editors and CI.
 */
export const SCHEMA = {
  unknownKey: 'schema_unknown_key',
  notAllowed: 'schema_key_not_allowed',
  missingKey: 'schema_missing_key',
  wrongType: 'schema_wrong_type',
  badValue: 'schema_bad_value',
  unknownType: 'schema_unknown_type',
  wrongForm: 'schema_wrong_form',
  badName: 'schema_bad_name',
  empty: 'schema_empty',
  outOfRange: 'schema_out_of_range',
  duplicateItem: 'schema_duplicate_item',
  unsupportedVersion: 'unsupported_version',
  matchPartial: 'match_partial',
} as const;

export const CHECK = {
  unknownResource: 'unknown_resource',
  unknownColumn: 'unknown_column',
  unknownFunction: 'unknown_function',
  unknownRepo: 'unknown_repo',
  referenceNotBelongsTo: 'reference_not_belongs_to',
  missingKeyColumns: 'missing_destination_key',
  keyColumnCount: 'key_column_count',
  columnClash: 'column_clash',
  undeclaredColumn: 'undeclared_column',
  foreignKeyType: 'foreign_key_type',
  primaryKeyForms: 'primary_key_forms',
  primaryKeyNullable: 'primary_key_nullable',
  constraintType: 'constraint_type',
  defaultType: 'default_type',
  identityType: 'identity_type',
  columnOptions: 'column_options',
  nilifyColumn: 'nilify_column',
  expressionName: 'expression_needs_name',
  opclassField: 'opclass_field',
  triggerUpdateOf: 'trigger_update_of',
  identifierTooLong: 'identifier_too_long',
  duplicateTable: 'duplicate_table',
  duplicateName: 'duplicate_name',
  tenantReference: 'tenant_reference',
  tenantTemplate: 'tenant_template',
} as const;
