import type { Document } from 'mongodb';

/** Every stage of an explain plan tree, outermost first (follows inputStage, inputStages and SBE's queryPlan). */
export function stagesOf(plan: unknown): Document[] {
  if (plan === null || typeof plan !== 'object') return [];
  const node = plan as Document;
  const children = [node.queryPlan, node.inputStage, ...(Array.isArray(node.inputStages) ? node.inputStages : [])];
  return [...(typeof node.stage === 'string' ? [node] : []), ...children.flatMap(stagesOf)];
}

/** The stage names of a winning plan, e.g. ['FETCH', 'IXSCAN']. */
export function stageNames(explain: Document): string[] {
  return stagesOf(explain.queryPlanner?.winningPlan).map((s) => String(s.stage));
}

/** The index scan of a plan (IXSCAN, or EXPRESS_IXSCAN on MongoDB 8), if any. */
export function indexScan(explain: Document): Document | undefined {
  return stagesOf(explain.queryPlanner?.winningPlan).find((s) => /IXSCAN$/.test(String(s.stage)));
}
