import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import { OpenInStackBlitz } from './open-in-stackblitz.js';
import './custom.css';

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('OpenInStackBlitz', OpenInStackBlitz);
  },
};

export default theme;
