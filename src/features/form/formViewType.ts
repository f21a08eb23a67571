/** The crawler form's webview panel type (serializer, activation event `onWebviewPanel:atlan.crawlerForm`). */
export const FORM_VIEW_TYPE = 'atlan.crawlerForm';
