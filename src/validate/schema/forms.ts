/** Sentences that explain a value's expected form, by the schema location that failed. */

/** For an `anyOf` no branch of which fits the value's type. Keys: pointers into the schema. */
export const FORMS: Readonly<Record<string, string>> = {
  '/$defs/Attribute': 'an attribute is a type name (`integer`), a macro (`uuid_primary_key`) or a map with `type`',
  '/$defs/Type': 'a type is a type name (`string`) or a map: `{array: string}`, `{range: integer}`, `{domain: email}`',
  '/$defs/Extension': 'an extension is a name (`citext`) or a map with `name`, and optionally `schema` and `version`',
  '/$defs/OnDelete': '`on_delete` is nothing, restrict, delete, nilify or `{nilify: [columns]}`',
  '/$defs/IndexField': 'an index field is a column, an SQL expression, `{asc: column}` or `{desc: column}`',
  '/$defs/Default': 'a default is a literal value or `{sql: "..."}`',
  '/$defs/CompositeAttribute': 'an attribute of a composite type is its SQL type (`text`) or `{type: text, collation: C}`',
  '/$defs/Relationship/properties/source_attribute': 'it is a column name or a list of column names',
  '/$defs/Relationship/properties/destination_attribute': 'it is a column name or a list of column names',
  '/$defs/CheckConstraint/properties/attribute': 'it is a column name or a list of column names',
  '/$defs/CustomIndex/properties/opclass': '`opclass` is an operator class, or a map from field to operator class',
};

/** For min/maxProperties failures. */
export const KEY_COUNT_FORMS: Readonly<Record<string, string>> = {
  '/$defs/Type/anyOf/1': 'a type map holds exactly one key: `array`, `range`, `enum`, `domain` or `composite`',
  '/$defs/IndexField/anyOf/1': 'an index field map holds exactly one key: `asc` or `desc`',
  '/$defs/Reference/properties/match_with': '`match_with` names at least one column pair: `{local_column: destination_column}`',
};

/** Said after "… needs `key`". */
export const MISSING_HINTS: Readonly<Record<string, string>> = {
  postgres: 'every resource is a table, named in `postgres: { table: ... }`',
  table: 'the name of the table',
  type: 'write `{ type: string, ... }`, or just the type name',
  through: 'a many_to_many goes through a join resource',
  attribute: 'the tenant column of `strategy: attribute`',
  destination: 'the resource it points to',
  sfunc: 'the state-transition function, e.g. `numeric_add` or a key of `functions`',
  stype: 'the type of the state, e.g. `numeric`',
  arguments: 'the argument types, e.g. `numeric`, or `*` for none',
};

/** Keys of `postgres` and of `constraints` that people put one level too high. */
export const MISPLACED: Readonly<Record<string, { readonly keys: readonly string[]; readonly under: string }>> = {
  '/$defs/Resource': {
    keys: ['table', 'schema', 'repo', 'migrate', 'renamed_from', 'comment', 'references', 'check_constraints', 'custom_indexes', 'triggers', 'custom_statements', 'manage_tenant'],
    under: 'postgres',
  },
  '/$defs/Attribute/anyOf/1': { keys: ['one_of', 'min', 'max', 'min_length', 'max_length', 'match', 'precision', 'scale'], under: 'constraints' },
};
