// The repo's flat config, plus browser globals for the page's sources and React's hooks rules (issue 25 item 3).
import reactHooks from 'eslint-plugin-react-hooks';
import base from '../../eslint.config.js';

export default [
  ...base,
  { ignores: ['test/artifacts/**'] },
  // Functions the tests and the bench run inside the page (page.evaluate / waitForFunction).
  {
    files: ['bench/**/*.mjs', 'test/**/*.ts'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        MutationObserver: 'readonly',
        requestAnimationFrame: 'readonly',
      },
    },
  },
  { ...reactHooks.configs.flat['recommended-latest'], files: ['src/**/*.{ts,tsx}'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        location: 'readonly',
        sessionStorage: 'readonly',
        localStorage: 'readonly',
        self: 'readonly',
        CSS: 'readonly',
        HTMLElement: 'readonly',
        HTMLDivElement: 'readonly',
        HTMLUListElement: 'readonly',
        HTMLDialogElement: 'readonly',
        KeyboardEvent: 'readonly',
        WebSocket: 'readonly',
      },
    },
  },
];
