from services.routing.main import main

main()
