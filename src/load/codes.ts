/**
 * Diagnostic codes of the loader (reading files, YAML, environment variables, merging).
 * Stable: documented in docs/errors.md, matched on by editors and CI.
 */
export const LOAD = {
  fileNotFound: 'file_not_found',
  fileUnreadable: 'file_unreadable',
  noResourceFiles: 'no_resource_files',
  fileTooLarge: 'file_too_large',
  filesTooLarge: 'files_too_large',
  notText: 'not_text',
  emptyFile: 'empty_file',
  nestedTooDeep: 'nested_too_deep',
  yamlSyntax: 'yaml_syntax',
  duplicateKey: 'duplicate_key',
  yamlTag: 'yaml_tag',
  yamlComplexKey: 'yaml_complex_key',
  yamlAlias: 'yaml_alias',
  topLevelNotMap: 'top_level_not_map',
  envUnset: 'env_unset',
  envSyntax: 'env_syntax',
  duplicateDefinition: 'duplicate_definition',
} as const;
