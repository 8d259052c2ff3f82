/**
 * English singulars for resource names: `blog_posts` → `BlogPost`, `people` → `Person`,
 * `categories` → `Category`, `addresses` → `Address`. Only the last word of a table name is
 * made singular; a word that is already singular (or has no plural) is left as it is.
 */

/** Plurals that no rule gives. */
const IRREGULAR: Readonly<Record<string, string>> = {
  people: 'person',
  men: 'man',
  women: 'woman',
  children: 'child',
  mice: 'mouse',
  geese: 'goose',
  teeth: 'tooth',
  feet: 'foot',
  oxen: 'ox',
  criteria: 'criterion',
  phenomena: 'phenomenon',
  indices: 'index',
  matrices: 'matrix',
  vertices: 'vertex',
  appendices: 'appendix',
  movies: 'movie',
  cookies: 'cookie',
  pies: 'pie',
  ties: 'tie',
  calories: 'calorie',
  zombies: 'zombie',
  rookies: 'rookie',
  selfies: 'selfie',
  brownies: 'brownie',
  goalies: 'goalie',
  lies: 'lie',
  shoes: 'shoe',
  toes: 'toe',
  canoes: 'canoe',
  caches: 'cache',
  niches: 'niche',
  avalanches: 'avalanche',
  moustaches: 'moustache',
  quizzes: 'quiz',
  buses: 'bus',
  aliases: 'alias',
  statuses: 'status',
  viruses: 'virus',
  campuses: 'campus',
  bonuses: 'bonus',
  octopi: 'octopus',
  cacti: 'cactus',
  fungi: 'fungus',
  radii: 'radius',
  alumni: 'alumnus',
  leaves: 'leaf',
  thieves: 'thief',
  halves: 'half',
  wolves: 'wolf',
  shelves: 'shelf',
  selves: 'self',
  calves: 'calf',
  loaves: 'loaf',
  knives: 'knife',
  wives: 'wife',
  lives: 'life',
  heroes: 'hero',
  potatoes: 'potato',
  tomatoes: 'tomato',
  echoes: 'echo',
  vetoes: 'veto',
  databases: 'database',
  releases: 'release',
  purchases: 'purchase',
  responses: 'response',
  licenses: 'license',
  courses: 'course',
  houses: 'house',
  horses: 'horse',
  uses: 'use',
  cases: 'case',
  phases: 'phase',
  bases: 'base',
  clauses: 'clause',
  causes: 'cause',
  pauses: 'pause',
  expenses: 'expense',
  verses: 'verse',
  nurses: 'nurse',
  purses: 'purse',
  warehouses: 'warehouse',
  enterprises: 'enterprise',
  exercises: 'exercise',
  promises: 'promise',
  premises: 'premise',
  analyses: 'analysis',
  crises: 'crisis',
  diagnoses: 'diagnosis',
  hypotheses: 'hypothesis',
  parentheses: 'parenthesis',
  synopses: 'synopsis',
  theses: 'thesis',
  axes: 'axis',
};

/** Words that are the same in singular and plural, or are not plurals at all. */
const UNCOUNTABLE = new Set([
  'data',
  'metadata',
  'media',
  'news',
  'series',
  'species',
  'equipment',
  'information',
  'money',
  'sheep',
  'fish',
  'deer',
  'rice',
  'feedback',
  'software',
  'hardware',
  'staff',
  'analytics',
  'stats',
  'status',
  'address',
  'access',
  'process',
  'class',
  'glass',
  'business',
  'canvas',
  'gas',
  'bus',
  'alias',
  'campus',
  'bonus',
  'virus',
  'census',
  'corpus',
  'nexus',
  'analysis',
  'basis',
  'axis',
  'crisis',
  'thesis',
  'kudos',
  'chaos',
  'ethos',
  'pathos',
  'atlas',
]);

/** Rules for regular plurals, tried in order: [ending, replacement]. */
const RULES: readonly (readonly [RegExp, string])[] = [
  [/(x|ch|sh|ss|zz)es$/, '$1'], // boxes, matches, wishes, addresses, buzzes
  [/([^aeiouy]|qu)ies$/, '$1y'], // categories, queries
  [/(ss|us|is|os)$/, '$1'], // glass, status, analysis, chaos: not plurals
  [/^(.{2,}[^s])s$/, '$1'], // posts, users, orgs (not `ids`, `sms`)
];

/** The singular of one lower-case word. */
export function singularWord(word: string): string {
  const lower = word.toLowerCase();
  if (UNCOUNTABLE.has(lower)) return word;
  const irregular = IRREGULAR[lower];
  if (irregular !== undefined) return matchCase(word, irregular);
  for (const [pattern, replacement] of RULES) {
    if (pattern.test(lower)) return matchCase(word, lower.replace(pattern, replacement));
  }
  return word;
}

/** Keeps an upper-case first letter (`People` → `Person`). */
function matchCase(original: string, singular: string): string {
  return /^[A-Z]/.test(original) ? singular.charAt(0).toUpperCase() + singular.slice(1) : singular;
}

/**
 * The words of a name: split at `_`, `-`, spaces and other punctuation, and between a lower-case
 * letter or digit and an upper-case one (`BlogPosts`, `blog_posts`, `blog-posts` → blog, posts).
 * Letters with accents lose them; other characters that cannot be in a resource name are dropped.
 */
export function words(name: string): string[] {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss');
  return ascii
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
}

/** `blog_posts` → `BlogPost`: PascalCase, the last word singular. */
export function resourceNameOf(table: string, singular = true): string {
  const ws = words(table);
  if (ws.length === 0) return 'Table';
  if (singular) ws[ws.length - 1] = singularWord(ws[ws.length - 1]!.toLowerCase());
  const pascal = ws.map((w) => w.charAt(0).toUpperCase() + (w === w.toUpperCase() && w.length > 1 ? w.slice(1).toLowerCase() : w.slice(1))).join('');
  // A resource name starts with a letter.
  return /^[A-Za-z]/.test(pascal) ? pascal : `T${pascal}`;
}
