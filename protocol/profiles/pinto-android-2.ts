import type { V2KioskMessage } from '../types/generated-v2.js';
import { defineProfileV2 } from './profile.js';

/** Protocol v2 as the Android kiosk app's release v2.2 speaks it (docs/protocol-v2.md, pinto-android-2.md). */
export const pintoAndroid2 = defineProfileV2<V2KioskMessage>()({
  name: 'pinto-android-2',
  title: 'pinto-android-2 (protocol v2, PintoAndroid release v2.2)',
  protocolVersion: 2,
  certifiesApp: 'PintoAndroid release v2.2 (malikwaqas077/PintoAndroid commit d540407)',
  kioskSchema: 'v2/kiosk-message.schema.json',
  backendSchema: 'v2/backend-message.schema.json',
});
