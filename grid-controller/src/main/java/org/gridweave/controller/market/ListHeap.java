package org.gridweave.controller.market;

/**
 * An indexed binary min-heap of offer lists, ordered by each list's current head key. A list's key
 * only grows (its head advances through an ascending list), so an update sifts down. Not
 * thread-safe; one per clearing.
 */
final class ListHeap {
  private final int[] heap;
  private final int[] pos;
  private final long[] key;
  private int size;

  ListHeap(int lists) {
    heap = new int[lists];
    pos = new int[lists];
    key = new long[lists];
    java.util.Arrays.fill(pos, -1);
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean contains(int list) {
    return pos[list] >= 0;
  }

  int top() {
    return heap[0];
  }

  void add(int list, long k) {
    key[list] = k;
    heap[size] = list;
    pos[list] = size;
    up(size++);
  }

  void update(int list, long k) {
    long old = key[list];
    key[list] = k;
    if (k >= old) {
      down(pos[list]);
    } else {
      up(pos[list]);
    }
  }

  void remove(int list) {
    int p = pos[list];
    if (p < 0) {
      return;
    }
    int last = heap[--size];
    pos[list] = -1;
    if (p < size) {
      heap[p] = last;
      pos[last] = p;
      down(p);
      up(pos[last]);
    }
  }

  private void up(int i) {
    int item = heap[i];
    long k = key[item];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      int pItem = heap[parent];
      if (key[pItem] <= k) {
        break;
      }
      heap[i] = pItem;
      pos[pItem] = i;
      i = parent;
    }
    heap[i] = item;
    pos[item] = i;
  }

  private void down(int i) {
    int item = heap[i];
    long k = key[item];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && key[heap[right]] < key[heap[child]]) {
        child = right;
      }
      if (k <= key[heap[child]]) {
        break;
      }
      heap[i] = heap[child];
      pos[heap[i]] = i;
      i = child;
    }
    heap[i] = item;
    pos[item] = i;
  }
}
