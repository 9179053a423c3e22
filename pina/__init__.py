"""The PINA project: its configuration (settings.py, urls.py, wsgi.py, asgi.py, the locale folders)
at this level, and the pieces every app shares in sub-packages named for their concern: site,
caching, content, ops, search and security. Those pieces never import the content apps (news,
events, volunteers); only the root URLconf and the home page may."""
