// The case owner's texts: Chinese first, the same keys in English.
import type { AreaMessages } from '../types'

export const messages: AreaMessages = {
  'zh-CN': {
    wb: {
      owner: {
        menu: '我的包案',
        title: '我包案的信访',
        intro: '由您包案的信访，不论在哪个单位办理，都在这里，附灯色、催办督办和领导批示。',
        empty: '目前没有由您包案的信访',
        urgings: '催办督办',
        actionsTitle: '这些信访的催办、督办和领导批示',
        noActions: '还没有催办、督办或批示',
      },
    },
  },
  en: {
    wb: {
      owner: {
        menu: 'My cases',
        title: 'Cases I own',
        intro: 'The petitions you own as case owner, in whichever department, with lights, urgings and instructions.',
        empty: 'You own no case now',
        urgings: 'Urgings',
        actionsTitle: 'Urgings, supervision and instructions on these cases',
        noActions: 'No urging or instruction yet',
      },
    },
  },
}
