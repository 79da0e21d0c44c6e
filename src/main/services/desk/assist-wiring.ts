// Connects the assist engine (src/main/services/assist, built separately) to the desk service. Until the engine
// lands, the desk runs without one and falls back to the bot's summary and knowledge-base articles.
import type { AssistEngineFactory } from './desk-service';

export const defaultAssistFactory: AssistEngineFactory | undefined = undefined;
