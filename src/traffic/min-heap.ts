/** A binary min-heap of numbers (finish times of busy environments), on a growable typed array. */
export class MinHeap {
  private items = new Float64Array(64);
  size = 0;

  /** The smallest value; only when size > 0. */
  peek(): number {
    return this.items[0]!;
  }

  push(value: number): void {
    if (this.size === this.items.length) {
      const grown = new Float64Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    const a = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= value) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = value;
  }

  /** Removes and returns the smallest value; only when size > 0. */
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a[--this.size]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && a[right]! < a[left]! ? right : left;
      if (a[child]! >= last) break;
      a[i] = a[child]!;
      i = child;
    }
    if (this.size > 0) a[i] = last;
    return top;
  }
}
