import * as tf from '@tensorflow/tfjs';

// Unit tests run on the pure-JS CPU backend on purpose; silence TF.js's "install tfjs-node" banner.
tf.env().set('IS_TEST', true);
