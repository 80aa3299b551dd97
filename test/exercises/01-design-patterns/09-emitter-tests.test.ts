import { describeTestWritingExercise } from '../../support/test-writing.js';

describeTestWritingExercise('01.9');
