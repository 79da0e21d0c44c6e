// An ordered set with ranks: a treap (a binary search tree kept balanced by random priorities) whose nodes know
// their subtree size. Insert, delete, rank and at(k) cost O(log n) expected; the comparator must be a total order
// (the queue's order breaks ties by id, so no two hand-offs compare equal).
interface Node<T> {
  value: T;
  prio: number;
  size: number;
  left: Node<T> | undefined;
  right: Node<T> | undefined;
}

const size = <T>(n: Node<T> | undefined): number => (n ? n.size : 0);
const fix = <T>(n: Node<T>): Node<T> => {
  n.size = 1 + size(n.left) + size(n.right);
  return n;
};

export class OrderedSet<T> {
  private root: Node<T> | undefined;
  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return size(this.root);
  }

  /** Splits into (< value) and (>= value). */
  private split(n: Node<T> | undefined, value: T): [Node<T> | undefined, Node<T> | undefined] {
    if (!n) return [undefined, undefined];
    if (this.compare(n.value, value) < 0) {
      const [l, r] = this.split(n.right, value);
      n.right = l;
      return [fix(n), r];
    }
    const [l, r] = this.split(n.left, value);
    n.left = r;
    return [l, fix(n)];
  }

  private merge(a: Node<T> | undefined, b: Node<T> | undefined): Node<T> | undefined {
    if (!a) return b;
    if (!b) return a;
    if (a.prio > b.prio) {
      a.right = this.merge(a.right, b);
      return fix(a);
    }
    b.left = this.merge(a, b.left);
    return fix(b);
  }

  insert(value: T): void {
    const [l, r] = this.split(this.root, value);
    this.root = this.merge(this.merge(l, { value, prio: Math.random(), size: 1, left: undefined, right: undefined }), r);
  }

  /** Removes the element equal to `value` (by the comparator); answers whether there was one. */
  delete(value: T): boolean {
    let parent: Node<T> | undefined;
    let n = this.root;
    const path: Node<T>[] = [];
    while (n) {
      const c = this.compare(value, n.value);
      if (c === 0) break;
      path.push(n);
      parent = n;
      n = c < 0 ? n.left : n.right;
    }
    if (!n) return false;
    const joined = this.merge(n.left, n.right);
    if (!parent) this.root = joined;
    else if (parent.left === n) parent.left = joined;
    else parent.right = joined;
    for (let i = path.length - 1; i >= 0; i--) fix(path[i]!);
    return true;
  }

  /** How many elements come before `value` (its 0-based position if it is in the set). */
  rank(value: T): number {
    let r = 0;
    let n = this.root;
    while (n) {
      const c = this.compare(value, n.value);
      if (c <= 0) {
        if (c === 0) return r + size(n.left);
        n = n.left;
      } else {
        r += size(n.left) + 1;
        n = n.right;
      }
    }
    return r;
  }

  /** The element at 0-based position k, or undefined. */
  at(k: number): T | undefined {
    let n = this.root;
    while (n) {
      const l = size(n.left);
      if (k < l) n = n.left;
      else if (k === l) return n.value;
      else {
        k -= l + 1;
        n = n.right;
      }
    }
    return undefined;
  }

  /** In order. */
  *[Symbol.iterator](): Generator<T> {
    const stack: Node<T>[] = [];
    let n = this.root;
    while (n || stack.length) {
      while (n) {
        stack.push(n);
        n = n.left;
      }
      const top = stack.pop()!;
      yield top.value;
      n = top.right;
    }
  }
}
