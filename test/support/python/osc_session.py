"""Runs many `openstack` (python3-openstackclient) or `nova` (python3-novaclient)
commands in one Python process, for the tests.

Each command is the client's own entry point, run exactly as its console
script runs it, with its own argv, environment, stdout and stderr, in a
process forked for it from this one. The parent has imported the clients and
their plugins once; a fork starts with them loaded and shares nothing else
with the commands before it (the clients keep module-level state, such as
the negotiated microversion, that must not leak from one command to the
next). Starting Python and loading the plugins costs 1.5-2 s of CPU a
command on this machine, which made the real-client scenarios the slowest
tests.

Protocol: one JSON object a line on stdin, {"tool": "openstack"|"nova",
"argv": [...], "env": {...}}; one JSON object a line on stdout,
{"rc": int, "stdout": str, "stderr": str}.
"""
import contextlib
import gc
import io
import json
import os
import sys

PROTOCOL_OUT = sys.stdout
BASE_ENV = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}


def run_openstack(argv):
    from openstackclient import shell
    return shell.OpenStackShell().run(argv)


def run_nova(argv):
    from novaclient import shell
    # NOTE(novaclient): main() prints the error and exits 1 itself, as the console script does.
    shell.main(argv)
    return 0


TOOLS = {'openstack': run_openstack, 'nova': run_nova}


def warm_up():
    """Imports what nearly every command needs, before the first fork."""
    import importlib
    import stevedore
    from openstackclient import shell  # noqa: F401
    from novaclient import shell as nova_shell  # noqa: F401
    for group in ('openstack.cli.base', 'openstack.compute.v2', 'openstack.image.v2',
                  'openstack.identity.v3', 'openstack.common', 'openstack.placement.v1'):
        for ext in stevedore.ExtensionManager(group, invoke_on_load=False).extensions:
            try:
                importlib.import_module(ext.entry_point.module)
            except Exception:  # a plugin that does not import here is not ours to judge
                pass


def run(request):
    os.environ.clear()
    os.environ.update(BASE_ENV)
    os.environ.update(request.get('env', {}))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = TOOLS[request['tool']](request['argv'])
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except Exception as e:  # an uncaught client error is a failed command, not a dead session
            err.write('%s: %s\n' % (type(e).__name__, e))
            rc = 1
    return {'rc': rc or 0, 'stdout': out.getvalue(), 'stderr': err.getvalue()}


def run_forked(request):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            result = json.dumps(run(request)).encode()
        except BaseException as e:  # never let the child fall back into the parent's loop
            result = json.dumps({'rc': 1, 'stdout': '', 'stderr': repr(e)}).encode()
        with os.fdopen(write_end, 'wb') as pipe:
            pipe.write(result)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, 'rb') as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data) if data else {'rc': 1, 'stdout': '', 'stderr': 'the command process died'}


warm_up()
# NOTE(fork): objects the parent has now are never collected in the children, so that their
# refcount and GC writes do not copy every page of them into each child.
gc.freeze()
for line in sys.stdin:
    PROTOCOL_OUT.write(json.dumps(run_forked(json.loads(line))) + '\n')
    PROTOCOL_OUT.flush()
