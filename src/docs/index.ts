export { dataDictionary } from './page.js';
