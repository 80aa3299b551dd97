/**
 * The workbook's layers, checked by dependency-cruiser in `npm run verify`:
 *   capstone -> chapters (earlier ones only) -> platform, with exercises/ and solutions/ beside the chapters,
 *   test/ above everything, and no cycles. npm packages and node: built-ins are always allowed.
 * A violation may be accepted for a while by listing it in .dependency-cruiser-known-violations.json (`depcruise
 * --output-type baseline`); none is today, and verify fails on any other.
 */
const chapterNumbers = ['01', '02', '03', '04', '05', '06', '07', '08'];
const TODO_ERROR = '^workbook/todo-error\\.ts$';
const SUBJECT = '^test/exercises/[^/]+/[^/]+/subject\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be read, tested or moved without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-is-the-bottom',
      severity: 'error',
      comment:
        'platform/ holds stand-ins for servers no chapter teaches; it imports no chapter, exercise, solution, capstone or test code.',
      from: { path: '^platform/' },
      to: { path: '^(chapters|exercises|solutions|capstone|test|workbook|bench|loadtest)/' },
    },
    ...chapterNumbers.map((number, index) => ({
      name: `chapter-${number}-imports-only-earlier-chapters`,
      severity: 'error',
      comment: `A learner in chapter ${number} has met only chapters ${chapterNumbers.slice(0, index + 1).join(', ')}.`,
      from: { path: `^chapters/${number}-` },
      to: { path: '^chapters/', pathNot: `^chapters/(${chapterNumbers.slice(0, index + 1).join('|')})-` },
    })),
    {
      name: 'chapters-import-chapters-and-platform',
      severity: 'error',
      comment: "A chapter imports earlier chapters, platform/ and the workbook's TodoError only.",
      from: { path: '^chapters/' },
      to: { path: '^(capstone|exercises|solutions|test|workbook|bench|loadtest)/', pathNot: TODO_ERROR },
    },
    {
      name: 'exercises-and-solutions-import-chapters-and-platform',
      severity: 'error',
      comment:
        'Stubs and solutions import chapters, platform/, the TodoError and, for a test-writing exercise, its subject.',
      from: { path: '^(exercises|solutions)/' },
      to: { path: '^(capstone|test|workbook|bench|loadtest)/', pathNot: [TODO_ERROR, SUBJECT] },
    },
    {
      name: 'only-tests-import-tests',
      severity: 'error',
      comment: 'test/ helpers are for tests; production and workbook code never lean on them.',
      from: { path: '^(?!test/)', pathNot: '^(exercises|solutions)/' },
      to: { path: '^test/' },
    },
    {
      name: 'only-tests-and-tools-import-the-capstone',
      severity: 'error',
      comment:
        "The capstone is the top: only tests, benchmarks, the load test, the capstone itself and the workbook's start entry (`npm start`) import it.",
      from: { path: '^(?!(test|bench|loadtest|capstone)/)', pathNot: '^workbook/start\\.ts$' },
      to: { path: '^capstone/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|docs|dist|artifacts|\\.stryker-tmp|\\.known-wrong|\\.workbook)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
