import { createI18n } from 'vue-i18n'
import zhCN, { type Messages } from './locales/zh-CN'
import en from './locales/en'

export type Locale = 'zh-CN' | 'en'

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})
