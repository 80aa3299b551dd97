/**
 * Reads `explain('executionStats')` and says in plain words what MongoDB did: a collection scan, how many documents
 * it read for each one it returned, a sort done in memory, an index that answered alone. Also finds indexes nothing
 * uses, from `$indexStats` where the server has it, else from the plans this process recorded.
 */
import { MongoServerError, type Collection, type Document } from 'mongodb';

export type FindingKind = 'collection-scan' | 'wide-scan' | 'in-memory-sort' | 'covered' | 'index-used';

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: 'ok' | 'warning';
  readonly message: string;
}

export interface ExplainReport {
  /** Stage names of the winning plan, outermost first. */
  readonly stages: readonly string[];
  readonly indexesUsed: readonly string[];
  readonly nReturned: number;
  readonly keysExamined: number;
  readonly docsExamined: number;
  /** Documents read per document returned (documents read when none was returned). */
  readonly docsPerReturned: number;
  readonly findings: readonly Finding[];
}

export interface AnalyseOptions {
  /** Documents read per document returned above which the scan is called wide (default 10). */
  readonly wideScanRatio?: number;
}

interface PlanNode {
  stage?: string;
  indexName?: string;
  inputStage?: PlanNode;
  inputStages?: PlanNode[];
  queryPlan?: PlanNode;
}

function walk(node: PlanNode | undefined, visit: (n: PlanNode) => void): void {
  if (!node) return;
  if (node.queryPlan) return walk(node.queryPlan, visit); // slot-based engine (MongoDB 7+) wraps the classic tree
  visit(node);
  walk(node.inputStage, visit);
  for (const child of node.inputStages ?? []) walk(child, visit);
}

/** The planner and execution parts of a find, count or aggregate explain (aggregate nests them under `$cursor`). */
function parts(explain: Document): { winningPlan?: PlanNode; stats?: Document; namespace?: string } {
  const cursorStage = (explain.stages as Document[] | undefined)?.[0]?.$cursor as Document | undefined;
  const source = explain.queryPlanner ? explain : (cursorStage ?? explain);
  const planner = source.queryPlanner as Document | undefined;
  return {
    winningPlan: planner?.winningPlan as PlanNode | undefined,
    stats: source.executionStats as Document | undefined,
    namespace: planner?.namespace as string | undefined,
  };
}

const n = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0));
const fmt = (value: number): string => value.toLocaleString('en-GB');

// #region analyse
/**
 * Findings for one explain, in plain words.
 *
 * @example
 * const report = analyseExplain(await people.find({ email }).explain('executionStats'));
 * for (const f of report.findings) console.log(f.severity, f.message);
 */
export function analyseExplain(explain: Document, options: AnalyseOptions = {}): ExplainReport {
  const wideScanRatio = options.wideScanRatio ?? 10;
  const { winningPlan, stats, namespace } = parts(explain);
  const stages: string[] = [];
  const indexesUsed: string[] = [];
  walk(winningPlan, (node) => {
    if (node.stage) stages.push(node.stage);
    if (node.indexName && !indexesUsed.includes(node.indexName)) indexesUsed.push(node.indexName);
  });
  const nReturned = n(stats?.nReturned);
  const keysExamined = n(stats?.totalKeysExamined);
  const docsExamined = n(stats?.totalDocsExamined);
  const docsPerReturned = nReturned === 0 ? docsExamined : docsExamined / nReturned;
  const where = namespace ? ` of ${namespace}` : '';
  const findings: Finding[] = [];

  if (stages.includes('COLLSCAN')) {
    findings.push({
      kind: 'collection-scan',
      severity: 'warning',
      message:
        `Collection scan${where}: MongoDB read ${fmt(docsExamined)} documents to return ${fmt(nReturned)}. ` +
        'No index matched the filter or the sort, so every query reads the whole collection and gets slower as it grows.',
    });
  } else if (indexesUsed.length > 0) {
    findings.push({
      kind: 'index-used',
      severity: 'ok',
      message: `Index ${indexesUsed.join(', ')} answered the query: ${fmt(keysExamined)} index keys and ${fmt(docsExamined)} documents read for ${fmt(nReturned)} returned.`,
    });
  }
  if (!stages.includes('COLLSCAN') && docsExamined > wideScanRatio && docsPerReturned > wideScanRatio) {
    findings.push({
      kind: 'wide-scan',
      severity: 'warning',
      message:
        `MongoDB read ${fmt(docsExamined)} documents to return ${fmt(nReturned)} (${docsPerReturned.toFixed(1)} per result). ` +
        'The index narrows the search too little: the fields it does not cover are checked document by document. ' +
        'An index that also holds the other filtered fields, in equality-sort-range order, reads about as many as it returns.',
    });
  }
  if (stages.includes('SORT')) {
    findings.push({
      kind: 'in-memory-sort',
      severity: 'warning',
      message:
        'The results were sorted in memory after they were read (a SORT stage). That sort reads every match before the first result is ' +
        'returned, even with a limit, and fails past 100 MB unless it may spill to disk. An index with the sort fields right after the equality fields returns them already in order.',
    });
  }
  if (indexesUsed.length > 0 && docsExamined === 0 && nReturned > 0 && !stages.includes('COLLSCAN')) {
    findings.push({
      kind: 'covered',
      severity: 'ok',
      message: 'Covered query: the index held every field the query needed, so no document was read at all.',
    });
  }
  return { stages, indexesUsed, nReturned, keysExamined, docsExamined, docsPerReturned, findings };
}
// #endregion analyse

export interface UnusedIndexes {
  /** Where the usage came from: the server's counters, or the plans this process saw. */
  readonly source: 'indexStats' | 'recorded-plans';
  readonly unused: readonly string[];
  readonly note: string;
}

// #region unused
/**
 * Indexes with no recorded use (`_id_` is never reported: it cannot be dropped). `$indexStats` counts every use
 * since the server started, on this member only; without it (the embedded engine, or a user without the privilege)
 * the plans recorded by this process are the evidence, which only covers the queries it explained.
 */
export async function findUnusedIndexes<T extends Document>(
  collection: Collection<T>,
  recordedPlans: Iterable<ExplainReport> = [],
): Promise<UnusedIndexes> {
  const names = (await collection.listIndexes().toArray()).map((i) => String(i.name)).filter((name) => name !== '_id_');
  try {
    const usage = await collection
      .aggregate<{ name: string; accesses: { ops: unknown; since: Date } }>([{ $indexStats: {} }])
      .toArray();
    const used = new Set(usage.filter((u) => n(u.accesses.ops) > 0).map((u) => u.name));
    return {
      source: 'indexStats',
      unused: names.filter((name) => !used.has(name)),
      note: 'From $indexStats: counts since each server started, per replica-set member. Check every member and a full business cycle (month-end jobs too) before dropping; hide the index first (hidden: true) so it can come back instantly.',
    };
  } catch (error) {
    if (!(error instanceof MongoServerError)) throw error; // a network failure is not evidence about indexes
    const used = new Set([...recordedPlans].flatMap((plan) => plan.indexesUsed));
    return {
      source: 'recorded-plans',
      unused: names.filter((name) => !used.has(name)),
      note: `$indexStats is not available here (${error.message.split('\n')[0] ?? error.codeName}); judged from the plans this process recorded, which only covers the queries it explained.`,
    };
  }
}
// #endregion unused
