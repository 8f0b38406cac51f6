// Every test runs on the pure-JS cpu backend unless it asks for another: it is always there and exact.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

tf.setBackend('cpu');
// The cpu backend greets its first tensor in Node with a banner recommending tfjs-node; keep test logs readable.
(tf.backend() as unknown as { firstUse: boolean }).firstUse = false;

// fit() shuffles with Math.random and unseeded initialisers draw from it: seed it per test file so every
// run trains the same way (a test that passes must pass every time).
let state = 0x9e3779b9;
Math.random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
