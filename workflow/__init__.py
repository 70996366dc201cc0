"""The domain: models, the lifecycle engine and the services that move partnerships.

Nothing here knows it runs on the web: the CLI, the JSON API and the tests
call the same functions.
"""
