// Connects the assist engine (src/main/services/assist) to the desk service. The desk rebuilds the engine when
// the assist settings change, so the engine reads the configuration it was built with.
import { createAssistEngine } from '../assist/assist-engine';
import type { AssistEngineFactory } from './desk-service';

export const defaultAssistFactory: AssistEngineFactory | undefined = ({ kb, config, logger }) =>
  createAssistEngine({ settings: () => config, kb, logger });
