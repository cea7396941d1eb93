/** One node of ClickHouse's `EXPLAIN AST` dump: `Function plus (alias x) (children 1)` is kind `Function`. */
export interface AstNode {
  kind: string;
  /** The name the dump prints after the kind (identifier, function, literal), without alias or child count. */
  name: string;
  children: AstNode[];
}

export class UncheckableTree extends Error {}

const LINE = /^( *)(\S+)(?: (.*))?$/s;
const CHILD_COUNT = / \(children (\d+)\)$/;

/**
 * Rebuilds the tree from the dump's lines, refusing any dump that isn't exactly one consistent tree: every node
 * one space deeper than its parent and as many children as its `(children n)` says. A name with a line break in
 * it (`` `a\nb` ``) splits its line in two, and the stray half always breaks that count, so no name can pass
 * itself off as nodes the query doesn't have.
 */
export function parseExplainTree(lines: readonly string[]): AstNode {
  const nodes = lines.map((line) => {
    const count = CHILD_COUNT.exec(line);
    const match = LINE.exec(count ? line.slice(0, count.index) : line);
    if (!match) throw new UncheckableTree(`Unexpected EXPLAIN AST line: ${JSON.stringify(line)}`);
    const rest = match[3] ?? "";
    const alias = rest.indexOf(" (alias ");
    return {
      depth: match[1]!.length,
      expected: count ? Number(count[1]) : 0,
      node: { kind: match[2]!, name: alias < 0 ? rest : rest.slice(0, alias), children: [] } as AstNode,
    };
  });
  if (nodes.length === 0 || nodes[0]!.depth !== 0) throw new UncheckableTree("EXPLAIN AST returned no tree");
  const stack = [nodes[0]!];
  for (const entry of nodes.slice(1)) {
    while (stack.length > 0 && stack.at(-1)!.depth >= entry.depth) stack.pop();
    const parent = stack.at(-1);
    if (!parent || entry.depth !== parent.depth + 1) throw new UncheckableTree("EXPLAIN AST is not one tree");
    parent.node.children.push(entry.node);
    stack.push(entry);
  }
  for (const { node, expected } of nodes) {
    if (node.children.length !== expected) throw new UncheckableTree("EXPLAIN AST child counts don't add up");
  }
  return nodes[0]!.node;
}

/** Every node with its parent, depth first. */
export function* walkTree(root: AstNode, parent?: AstNode): Generator<{ node: AstNode; parent?: AstNode }> {
  yield { node: root, parent };
  for (const child of root.children) yield* walkTree(child, root);
}
