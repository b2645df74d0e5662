// Request schemas of the Messenger boot routes.
import { Type } from "typebox";

const optionalText = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

export const workspaceParams = Type.Object({ workspaceId: Type.String({ minLength: 1, maxLength: 64 }) });

export const bootBody = Type.Object(
  {
    user_id: optionalText(255),
    email: optionalText(254),
    name: optionalText(255),
    user_hash: optionalText(256),
    user_jwt: optionalText(8192),
    session_token: optionalText(200),
    device_id: optionalText(64),
  },
  { additionalProperties: false },
);

export const shutdownBody = Type.Object(
  { session_token: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);
