/* tui-sync.c - R syncs with the server too: `pundit sync` as a child. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sync.h"
#include "tui-int.h"

/*
 * sync_run blocks for as long as the server takes, so it runs in a child
 * process (pundit itself, with the config and cache of this session)
 * whose progress lines the loop reads beside the keys. The child has its
 * own connection to the cache: WAL lets the lists read while it writes,
 * and each of its transactions is one page of articles.
 */

static void
progress(const char *msg, void *arg)
{
	struct tui *tui = arg;

	free(tui->sync_progress);
	tui->sync_progress = tui_clean(msg);
	tui->dirty = 1;
}

int
tui_sync_start(struct tui *tui)
{
	char *cause = NULL;

	if (!sync_enabled(tui->conf))
		return 0;
	if (tui->sync != NULL) {
		tui_message(tui, "%s", _("a sync with the server is running "
		    "already"));
		return 1;
	}
	tui->sync = sync_child_start(tui->self, tui->paths->config_file,
	    tui->paths->data_dir, &cause);
	if (tui->sync == NULL) {
		tui_error(tui, _("sync: %s"), cause);
		free(cause);
		return 1;
	}
	free(tui->sync_progress);
	/* TRANSLATORS: the first step of a sync, on the status bar. */
	tui->sync_progress = xstrdup(_("starting"));
	tui->dirty = 1;
	return 1;
}

/* Changes made here that no sync has sent yet. */
static size_t
waiting(struct tui *tui)
{
	struct store_change *v = NULL;
	size_t n = 0;

	if (store_sync_changes(tui->store, &v, &n, NULL) == -1)
		n = 0;
	free(v);
	return n;
}

void
tui_sync_poll(struct tui *tui)
{
	struct sync_result r;
	char *cause = NULL, *msg;
	unsigned n;
	int rc;

	if (tui->sync == NULL || sync_child_read(tui->sync, progress,
	    tui) == 0)
		return;
	rc = sync_child_result(tui->sync, &r, &cause);
	sync_child_free(&tui->sync);
	free(tui->sync_progress);
	tui->sync_progress = NULL;
	/* Counts and lists: what the child stored, and any error. */
	tui->data_changed = 1;
	tui->dirty = 1;
	free(tui->sync_error);
	tui->sync_error = NULL;
	if (rc == -1) {
		tui->sync_error = cause;
		if ((n = (unsigned)waiting(tui)) == 0)
			msg = xasprintf(_("sync: %s (E lists errors)"), cause);
		else
			msg = xasprintf(P_("sync: %s; %u change waiting (E "
			    "lists errors)", "sync: %s; %u changes waiting (E "
			    "lists errors)", n), cause, n);
		tui_summary(tui, 1, msg, tui->refresh != NULL &&
		    refresh_pending(tui->refresh) > 0);
		free(msg);
		return;
	}
	if (r.unchanged && r.sent == 0)
		msg = xstrdup(_("synced with the server: nothing changed"));
	else
		msg = xasprintf(P_("synced with the server: %u new article, "
		    "%u updated, %u read/starred changes from the server, %u "
		    "sent", "synced with the server: %u new articles, %u "
		    "updated, %u read/starred changes from the server, %u sent",
		    r.new_articles), r.new_articles, r.updated_articles,
		    r.flags, r.sent);
	tui_summary(tui, 0, msg, tui->refresh != NULL &&
	    refresh_pending(tui->refresh) > 0);
	free(msg);
}

void
tui_sync_stop(struct tui *tui)
{
	sync_child_free(&tui->sync);
	free(tui->sync_progress);
	tui->sync_progress = NULL;
	free(tui->sync_error);
	tui->sync_error = NULL;
}
