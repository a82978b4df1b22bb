/**
 * The order of a (stable) `list.sort(compare)`, in place. Lists longer than `longerThan` are left to `sort`; shorter
 * ones are insertion-sorted, without the work array `sort` allocates (the access stage sorts many short lists).
 */
export function sortedInPlace<T>(list: T[], compare: (a: T, b: T) => number, longerThan: number): T[] {
  if (list.length > longerThan) return list.sort(compare);
  for (let i = 1; i < list.length; i++) {
    const item = list[i];
    let j = i - 1;
    for (; j >= 0 && compare(list[j], item) > 0; j--) list[j + 1] = list[j];
    list[j + 1] = item;
  }
  return list;
}
