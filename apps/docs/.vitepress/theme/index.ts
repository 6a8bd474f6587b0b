import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import RunExample from './RunExample.vue';
import './style.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('RunExample', RunExample);
  },
} satisfies Theme;
