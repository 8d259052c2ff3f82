/** Pull: a live database → resource files (the reverse of compile). */
export { pull, type PullOptions, type PullResult, type PulledFunction } from './pull.js';
export { pulledFile, pulledFilesPerSchema, schemaFileName, type DocumentOptions, type PulledFile } from './document.js';
export { describeUnsupported, type Unsupported } from './unsupported.js';
export type { PulledResource } from './resource.js';
