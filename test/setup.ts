// Every test runs on the pure-JS cpu backend unless it asks for another: it is always there and exact.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

tf.setBackend('cpu');
// The cpu backend greets its first tensor in Node with a banner recommending tfjs-node; keep test logs readable.
(tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
