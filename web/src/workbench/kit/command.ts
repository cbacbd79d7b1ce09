/**
 * Sending one command from a petition-page dialog: with the version the page showed
 * (`act`, If-Match). A 409 because someone changed the petition first closes the dialog
 * (`done`): the page reloads and shows what changed, with 重试. Any other refusal stays in
 * the dialog, in plain words with the API's detail, so the user can correct the input.
 */
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../../lib/api'
import { act, changedSince, type Petition } from './petition'
import { refusalMessage } from './refusal'

export function useCommand(petition: () => Petition, done: () => void) {
  const { t } = useI18n()
  const sending = ref(false)
  const error = ref('')

  async function send(path: string, body: Record<string, unknown>): Promise<boolean> {
    const p = petition()
    sending.value = true
    error.value = ''
    try {
      await act(p.id, path, body, p.version)
      done()
      return true
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && (await changedSince(p.id, p.version))) {
        done()
        return false
      }
      error.value = refusalMessage(e, t)
      return false
    } finally {
      sending.value = false
    }
  }

  return { sending, error, send }
}
