// A Cloudflare Worker (customConditions ["workerd"]): the `workerd` entry's types.
import { Verifik, isVerifikError } from "verifik-face";

interface Env {
  VERIFIK_TOKEN: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const vk = new Verifik({ token: env.VERIFIK_TOKEN });
    try {
      const { data } = await vk.collections.list({ signal: request.signal });
      return Response.json(data.map((collection) => collection.name));
    } catch (e: unknown) {
      if (isVerifikError(e)) return Response.json({ kind: e.kind }, { status: e.status ?? 502 });
      throw e;
    }
  },
};
