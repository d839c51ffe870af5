import { z } from 'zod';

export const ZDeploymentConfig = z
  .object({
    sandbox: z
      .boolean()
      .describe(
        'True when no Twilio account is configured and the embedded sandbox (and its phone simulator at /sandbox) plays Twilio.',
      ),
    intentClassifier: z
      .boolean()
      .describe(
        'True when an AI model is configured (OPENAI_API_KEY) to classify replies for `intent` reply branches; without one, a journey with intent branches cannot be launched.',
      ),
    temporalUi: z.object({
      baseUrl: z.string().describe('TEMPORAL_UI_URL, without a trailing slash.'),
      namespace: z.string().describe("The Temporal namespace the journeys' workflows run in."),
    }),
  })
  .meta({ id: 'DeploymentConfig' });
