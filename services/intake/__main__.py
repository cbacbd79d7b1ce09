import sys

from services.intake.main import main

if sys.argv[1:] == ["rebuild-read-model"]:
    from services.intake.main import MIGRATIONS, NAME, load_settings
    from services.intake.readmodel.rebuild import rebuild_from_events
    from shared.eventstore import make_engine
    from shared.eventstore.migrate import migrate

    engine = make_engine(load_settings().database_url)
    migrate(engine, MIGRATIONS, NAME)
    print(f"petitions: {rebuild_from_events(engine)} rows rebuilt from the events table")
else:
    main()
