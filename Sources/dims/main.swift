print("dims")
