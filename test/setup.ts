// Every test runs on the pure-JS cpu backend unless it asks for another: it is always there and exact.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

tf.setBackend('cpu');
