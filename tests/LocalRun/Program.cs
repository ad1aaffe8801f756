Console.WriteLine("local run");
