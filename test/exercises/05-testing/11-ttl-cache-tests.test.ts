import { describeTestWritingExercise } from '../../support/test-writing.js';

describeTestWritingExercise('05.11');
