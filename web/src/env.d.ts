/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The kiosk's idle time in seconds, when the URL gives none (default 90). */
  readonly VITE_KIOSK_IDLE_S?: string
}
