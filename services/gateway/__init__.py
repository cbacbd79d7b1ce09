"""The gateway: one address for people (port base + 0). It serves the built web pages, carries
``/api/<service>/...`` to the services with the signed-in session's bearer token, signs staff in
(the development directory, or OpenID Connect in production) and serves the policy articles.
It holds no business rule: it authenticates, forwards and serves files."""
