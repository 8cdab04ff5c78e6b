# coldbench: lists the top-level imports of a Python module and which of their
# bindings module-level code uses, with Python's own parser (ast). Prints JSON.
# argv: file
import ast
import json
import sys

DEFERRED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def top_level_names(tree):
    """Names read while the module body runs: everything outside function bodies (defaults and decorators run at once)."""
    used = {}

    def visit(node, deferred):
        if isinstance(node, ast.Name) and not deferred and node.id not in used:
            used[node.id] = node.lineno
        for field, value in ast.iter_fields(node):
            child_deferred = deferred or (isinstance(node, DEFERRED) and field == 'body')
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and field == 'args':
                # defaults run at definition time, annotations too; the parameter names themselves are not reads
                for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
                    visit(default, deferred)
                continue
            if isinstance(node, ast.Lambda) and field == 'args':
                continue
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, ast.AST):
                    visit(item, child_deferred)

    for statement in tree.body:
        if not isinstance(statement, (ast.Import, ast.ImportFrom)):
            visit(statement, False)
    return used


def main():
    path = sys.argv[1]
    with open(path, 'rb') as f:
        tree = ast.parse(f.read(), path)
    imports = []
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                binding = alias.asname or alias.name.split('.')[0]
                imports.append({'kind': 'import', 'module': alias.name, 'binding': binding, 'line': statement.lineno})
        elif isinstance(statement, ast.ImportFrom):
            module = '.' * statement.level + (statement.module or '')
            for alias in statement.names:
                imports.append({'kind': 'from', 'module': module, 'binding': alias.asname or alias.name, 'name': alias.name, 'line': statement.lineno})
    print(json.dumps({'imports': imports, 'topLevelNames': top_level_names(tree)}))


main()
