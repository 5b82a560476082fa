/* diarist which [MESSAGE | -]: how a message resolves to tickets. */
#include "cmd.h"
#include "common.h"
#include "context.h"
#include "fileio.h"
#include "gitconfig.h"
#include "message.h"
#include "refs.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int read_stdin(dt_buf *out)
{
	return dt_fd_read(out, 0, DT_MESSAGE_MAX, "the message on standard input");
}

static void print_ref(const dt_ref *r)
{
	printf("ref '%s' (%s", r->text, dt_ref_source_name(r->source));
	if (r->detail)
		printf(" %s", r->detail);
	printf(", line %zu): ", r->line);
	switch (r->res.status) {
	case DT_RESOLVE_OK:
		printf("%s (%s match)\n", r->res.ids.items[0], dt_resolve_stage_name(r->res.stage));
		break;
	case DT_RESOLVE_AMBIGUOUS:
		printf("%sambiguous (%s match):", r->source == DT_REF_WORD ? "ignored, " : "",
		       dt_resolve_stage_name(r->res.stage));
		for (size_t i = 0; i < r->res.ids.count; i++)
			printf("%s %s", i ? "," : "", r->res.ids.items[i]);
		printf("\n");
		break;
	case DT_RESOLVE_UNKNOWN:
		if (r->source == DT_REF_WORD)
			printf("ignored, names no ticket (subject words count only when they "
			       "resolve)\n");
		else {
			printf("names no ticket");
			for (size_t i = 0; i < r->res.ids.count; i++)
				printf("%s %s", i ? "," : "; closest:", r->res.ids.items[i]);
			printf("\n");
		}
		break;
	}
}

int cmd_which(int argc, char **argv)
{
	dt_context ctx;
	dt_buf raw = DT_BUF_INIT, clean = DT_BUF_INIT, subject = DT_BUF_INIT;
	dt_gitconfig *gcfg = NULL;
	dt_refs refs = DT_REFS_INIT;
	dt_strvec named = DT_STRVEC_INIT;
	char comment[8];
	int rc = 0, error, ambiguous = 0, exempt;

	if (argc > 2)
		return usage_error("which", "unexpected argument '%s' (quote the message)",
		                   argv[2]);
	error = dt_context_open(&ctx);
	if (error < 0)
		goto fail;
	if (!ctx.env.worktree || !ctx.root_exists) {
		printf("no ticket workspace here (%s): diarist is not in use\n",
		       ctx.root.size ? ctx.root.ptr : "bare repository");
		goto done;
	}
	if (argc < 2 || !strcmp(argv[1], "-"))
		error = read_stdin(&raw);
	else
		dt_buf_puts(&raw, argv[1]);
	if (error < 0)
		goto fail;
	if ((error = dt_gitconfig_load(&gcfg, &ctx.env)) < 0)
		goto fail;
	dt_message_comment(comment, dt_gitconfig_get(gcfg, "core.commentchar"), raw.ptr, raw.size);
	dt_message_clean(&clean, raw.ptr, raw.size, comment);
	if (!clean.size) {
		printf("empty message (git would abort the commit)\n");
		rc = 1;
		goto done;
	}
	dt_message_subject(&subject, clean.ptr);
	printf("subject: %s\n", subject.ptr);
	if ((error = exempt = dt_config_exempt(ctx.cfg, subject.ptr)) < 0)
		goto fail;
	if (exempt)
		printf("exempt: the subject matches ticket.exempt\n");
	if ((error = dt_context_scan(&ctx)) < 0)
		goto fail;
	if ((error = dt_refs_extract(&refs, clean.ptr, ctx.cfg)) < 0)
		goto fail;
	dt_refs_resolve(&refs, &ctx.tk);
	for (size_t i = 0; i < refs.count; i++) {
		const dt_ref *r = &refs.items[i];
		print_ref(r);
		if (r->source != DT_REF_WORD && r->res.status == DT_RESOLVE_AMBIGUOUS)
			ambiguous = 1;
	}
	if (!refs.count)
		printf("no refs found\n");
	dt_refs_named(&named, &refs);
	printf("names:");
	for (size_t i = 0; i < named.count; i++)
		printf(" %s", named.items[i]);
	printf("%s\n", named.count ? "" : " (none)");
	for (size_t i = 0; i < named.count; i++) {
		dt_ticket_group dup = dt_tickets_group(&ctx.tk, named.items[i]);
		if (dup.count < 2)
			continue;
		printf("warning: %s is the ID of %zu ticket folders:", named.items[i], dup.count);
		for (size_t k = 0; k < dup.count; k++)
			printf("%s %s", k ? "," : "", ctx.tk.items[dup.first + k].dir);
		printf(" [ticket-duplicate]\n");
	}
	rc = (named.count && !ambiguous) || exempt || !ctx.cfg->ticket_require ? 0 : 1;
	goto done;

fail:
	fprintf(stderr, "diarist: error: %s\n", dt_error_last());
	rc = dt_exit_code(error);
done:
	dt_strvec_dispose(&named);
	dt_refs_dispose(&refs);
	dt_gitconfig_free(gcfg);
	dt_buf_dispose(&raw);
	dt_buf_dispose(&clean);
	dt_buf_dispose(&subject);
	dt_context_dispose(&ctx);
	return rc;
}
