/**
 * The web client's generated types, one file per API tag (campaigns, pledges, payouts, ...): each
 * holds the component schemas the tag's operations use, with every schema they refer to. The web
 * names its types from components (apps/web/src/api-types.ts), so paths and operations are left to
 * docs/openapi.json, the whole contract.
 */
type Json = unknown;
interface Document {
  paths: Record<string, Record<string, { tags?: string[] } & Record<string, Json>>>;
  components?: { schemas?: Record<string, Json> };
}

function refsIn(node: Json, found: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value.slice(value.lastIndexOf('/') + 1));
      else refsIn(value, found);
    }
  }
  return found;
}

/** Per tag, a document with only the schemas its operations reach (sorted by tag; a schema may appear under several). */
export function documentsByTag(document: Document): [tag: string, doc: object][] {
  const schemas = document.components?.schemas ?? {};
  const byTag = new Map<string, Set<string>>();
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      const tag = operation.tags?.[0] ?? 'untagged';
      refsIn(operation, byTag.get(tag) ?? byTag.set(tag, new Set()).get(tag)!);
    }
  }
  const out: [string, object][] = [];
  for (const [tag, roots] of [...byTag].sort(([a], [b]) => a.localeCompare(b))) {
    const reached = new Set<string>();
    const todo = [...roots];
    while (todo.length > 0) {
      const name = todo.pop()!;
      if (reached.has(name)) continue;
      reached.add(name);
      todo.push(...refsIn(schemas[name], new Set()));
    }
    if (reached.size === 0) continue;
    const picked = Object.fromEntries([...reached].sort().map((n) => [n, schemas[n]]));
    out.push([tag, { ...document, paths: {}, components: { schemas: picked } }]);
  }
  return out;
}
