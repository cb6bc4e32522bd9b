import type { Site } from "../domain/site.ts";
import { ArticleList, type ListedArticle } from "./article-list.tsx";
import { type FeedLinks, Layout } from "./layout.tsx";

export function HomePage({ site, articles, feeds }: { site: Site; articles: ListedArticle[]; feeds: FeedLinks }) {
  return (
    <Layout site={site} title={site.title} canonicalUrl={`${site.baseUrl}/`} feeds={[feeds]}>
      <h1>Latest</h1>
      <ArticleList site={site} articles={articles} />
    </Layout>
  );
}
