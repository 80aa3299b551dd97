import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import { ExerciseCard, HintLadder, RevealSolution } from './exercise-components.js';
import { useMovedAnchors } from './moved-anchors.js';
import { OpenInStackBlitz } from './open-in-stackblitz.js';
import './custom.css';

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('OpenInStackBlitz', OpenInStackBlitz);
    app.component('ExerciseCard', ExerciseCard);
    app.component('HintLadder', HintLadder);
    app.component('RevealSolution', RevealSolution);
  },
  setup() {
    useMovedAnchors();
  },
};

export default theme;
