import type { Site } from "../domain/site.ts";
import { Layout } from "./layout.tsx";

export function ErrorPage({ site, title, message }: { site: Site; title: string; message: string }) {
  return (
    <Layout site={site} title={`${title} – ${site.title}`}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Back to the front page</a>
      </p>
    </Layout>
  );
}
