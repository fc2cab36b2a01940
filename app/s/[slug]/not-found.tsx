import { NotFoundPage } from "@/components/ui/not-found-page";

/** A share link that was revoked, or never existed: the page cannot tell which, and need not. */
export default function ShareNotFound() {
  return (
    <NotFoundPage title="This share link no longer works">
      <p data-testid="share-not-found">The link was revoked by whoever shared it, or it does not exist.</p>
      <p>Ask them for a new link, or make images of your own in the playground.</p>
    </NotFoundPage>
  );
}
