// Connects the assist engine (src/main/services/assist) to the desk service. The engine is built once and reads
// the desk's live assist settings on every call, so a settings change takes effect on the next suggestion.
import { createAssistEngine } from '../assist/assist-engine';
import type { AssistEngineFactory } from './desk-service';

export const defaultAssistFactory: AssistEngineFactory = ({ kb, settings, logger }) => createAssistEngine({ settings, kb, logger });
