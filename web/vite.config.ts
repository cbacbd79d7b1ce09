import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Element Plus is imported per component: the resolver adds each <el-*> a template uses,
// with its stylesheet, so a route's chunk carries only the components it shows (their
// stylesheets travel together: see codeSplitting below).
export default defineConfig({
  plugins: [
    vue(),
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dirs: [],
      dts: 'src/components.d.ts',
    }),
  ],
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    // The gateway serves dist/ under a Content-Security-Policy with no inline script.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The gateway speaks HTTP/1.1: a browser fetches six files at a time, and a page's
          // API reads wait in that line. Element Plus's per-component stylesheets (and the
          // lodash helpers its components share) would each be a file of a few hundred bytes,
          // about 50 of them before a workbench page can draw; as one stylesheet and one
          // script they cost the portal 9 KB of gzipped JavaScript and the queue page a
          // quarter of its load (tools/bench/workbench.py).
          groups: [
            {
              name: 'element-plus-styles',
              test: /element-plus[\\/](es[\\/]components[\\/][^\\/]+[\\/]style|theme-chalk)[\\/]/,
            },
            { name: 'lodash', test: /node_modules[\\/]lodash-es[\\/]/ },
          ],
        },
      },
    },
    reportCompressedSize: true,
  },
  server: {
    // `npm run dev` next to `make run`: the gateway answers /api, /auth and /content.
    proxy: {
      '/api': 'http://127.0.0.1:8000',
      '/auth': 'http://127.0.0.1:8000',
      '/content': 'http://127.0.0.1:8000',
    },
  },
})
