#include "ydoc.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static dt_ynode *node_new(dt_ynode_t type, const yaml_mark_t *m, size_t first_line)
{
	dt_ynode *n = dt_xcalloc(1, sizeof(*n));
	n->type = type;
	n->line = m->line + first_line;
	n->col = m->column + 1;
	return n;
}

static void node_add(dt_ynode *parent, dt_ynode *child)
{
	DT_ARRAY_GROW(parent->items, parent->alloc, parent->count + 1);
	parent->items[parent->count++] = child;
}

void dt_ynode_free(dt_ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->count; i++)
		dt_ynode_free(n->items[i]);
	free(n->items);
	free(n->value);
	free(n);
}

const char *dt_ynode_type_name(dt_ynode_t t)
{
	switch (t) {
	case DT_YNODE_SCALAR:
		return "a scalar";
	case DT_YNODE_SEQ:
		return "a list";
	case DT_YNODE_MAP:
		return "a mapping";
	}
	return "?";
}

/* Line and column (1-based, column in bytes) of byte `off` of data. */
static void position(const char *data, size_t len, size_t off, size_t *line, size_t *col)
{
	size_t l = 0, start = 0;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++)
		if (data[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*col = off - start + 1;
}

static int yaml_fail(yaml_parser_t *p, const char *data, size_t len, const char *path,
                     size_t first_line)
{
	size_t line, col;

	if (p->error == YAML_READER_ERROR) {
		/* the reader (encoding) reports a byte offset, not a mark */
		position(data, len, p->problem_offset, &line, &col);
	} else {
		const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->context_mark;
		line = m->line;
		col = m->column + 1;
	}
	return dt_error_set(DT_EINVALID, "%s:%zu:%zu: invalid YAML: %s%s%s", path,
	                    line + first_line, col, p->problem ? p->problem : "syntax error",
	                    p->context ? " " : "", p->context ? p->context : "");
}

int dt_ydoc_nul_error(const char *data, size_t len, const char *path, size_t first_line,
                      const char *what)
{
	const char *nul = memchr(data, '\0', len);
	size_t line, col;

	if (!nul)
		return 0;
	position(data, len, (size_t)(nul - data), &line, &col);
	return dt_error_set(DT_EINVALID, "%s:%zu:%zu: %s%scontains a NUL byte", path,
	                    line + first_line, col, what, *what ? " " : "");
}

int dt_ydoc_parse(dt_ynode **out, const char *data, size_t len, const char *path, size_t first_line)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	dt_ynode *stack[DT_YDOC_MAX_DEPTH + 1];
	size_t depth = 0;
	dt_ynode *root = NULL;
	int docs = 0, error = 0, done = 0;

	*out = NULL;
	if (!yaml_parser_initialize(&parser))
		return dt_error_set(DT_ERROR, "%s: cannot initialise the YAML parser", path);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);

	while (!done) {
		dt_ynode *n = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			error = yaml_fail(&parser, data, len, path, first_line);
			goto cleanup;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				error = dt_error_set(
				    DT_EINVALID,
				    "%s:%zu:%zu: expected one YAML document, found another", path,
				    ev.start_mark.line + first_line, ev.start_mark.column + 1);
			}
			break;
		case YAML_ALIAS_EVENT:
			error = dt_error_set(
			    DT_EINVALID, "%s:%zu:%zu: YAML aliases are not allowed", path,
			    ev.start_mark.line + first_line, ev.start_mark.column + 1);
			break;
		case YAML_SCALAR_EVENT:
			n = node_new(DT_YNODE_SCALAR, &ev.start_mark, first_line);
			n->value =
			    dt_xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			n->len = ev.data.scalar.length;
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= DT_YDOC_MAX_DEPTH) {
				error = dt_error_set(
				    DT_EINVALID, "%s:%zu:%zu: YAML nested deeper than %d levels",
				    path, ev.start_mark.line + first_line, ev.start_mark.column + 1,
				    DT_YDOC_MAX_DEPTH);
				break;
			}
			n = node_new(ev.type == YAML_SEQUENCE_START_EVENT ? DT_YNODE_SEQ
			                                                  : DT_YNODE_MAP,
			             &ev.start_mark, first_line);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		if (n) {
			if (depth == 0) {
				dt_ynode_free(root);
				root = n;
			} else {
				node_add(stack[depth - 1], n);
			}
			if (n->type != DT_YNODE_SCALAR)
				stack[depth++] = n;
		}
		yaml_event_delete(&ev);
		if (error)
			goto cleanup;
	}
	/* an explicit but empty document ("---" alone) is no document */
	if (root && root->type == DT_YNODE_SCALAR && root->plain && !root->len) {
		dt_ynode_free(root);
		root = NULL;
	}
	*out = root;
	root = NULL;

cleanup:
	dt_ynode_free(root);
	yaml_parser_delete(&parser);
	return error;
}

const dt_ynode *dt_ynode_get(const dt_ynode *map, const char *key)
{
	if (!map || map->type != DT_YNODE_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->count; i += 2) {
		const dt_ynode *k = map->items[i];
		if (k->type == DT_YNODE_SCALAR && !strcmp(k->value, key))
			return map->items[i + 1];
	}
	return NULL;
}

size_t dt_ynode_map_size(const dt_ynode *map)
{
	return map && map->type == DT_YNODE_MAP ? map->count / 2 : 0;
}
