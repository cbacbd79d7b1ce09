import { defineStore } from 'pinia'
import type { Locale } from '../i18n'

export const useLocaleStore = defineStore('locale', {
  state: () => ({ locale: 'zh-CN' as Locale }),
  actions: {
    toggle() {
      this.locale = this.locale === 'zh-CN' ? 'en' : 'zh-CN'
    },
  },
})
